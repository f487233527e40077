"""Queue, send and track outgoing email. Callers decide *when*; emails.py modules decide *what*.

The life of a row (see docs/email.md):

    queued ──claim──▶ sending ──provider accepted──▶ sent ──webhook──▶ delivered / bounced
      ▲                  │
      └── transient ─────┤ (back to queued with a backoff; permanent errors or too many
          provider error │  attempts end in failed)
                         ▼
                       failed

Exactly-once, as far as this side can make it:
* the row is written in the caller's transaction (rollback → no row → nothing to send), and a
  unique `dedupe_key` turns a second queueing of the same cause into the stored row;
* a worker may send a row only after winning a conditional UPDATE (`outbound_email_claim`), so two
  tasks for one row (re-drive, broker redelivery, a retry) never both reach the provider;
* a claimed row whose worker died is taken again only after a lease longer than the task's hard
  time limit, so a live sender never loses its claim.
The one window left is a worker dying after the provider accepted the message and before the row
is marked sent; the fixed Message-ID then lets mail clients fold the copy into one.
"""

from __future__ import annotations

import logging
import random
import smtplib
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from anymail.exceptions import (
    AnymailAPIError,
    AnymailInvalidAddress,
    AnymailRecipientsRefused,
    AnymailSerializationError,
    AnymailUnsupportedFeature,
)
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import connection, transaction
from django.db.models import Case, F, Q, Value, When
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import OutboundEmail

logger = logging.getLogger(__name__)

Status = OutboundEmail.Status

# Errors that no retry can fix: the row ends in "failed" at once.
_PERMANENT_ERRORS = (
    AnymailRecipientsRefused,
    AnymailInvalidAddress,
    AnymailUnsupportedFeature,
    AnymailSerializationError,
)
# HTTP statuses from the provider that are worth retrying (besides every 5xx).
_TRANSIENT_STATUSES = {408, 425, 429}


def sending_lease() -> timedelta:
    """A claimed row whose worker died is handed out again after this long.

    It must exceed the task's hard time limit, so a worker that is still sending never loses it.
    """
    return timedelta(seconds=settings.VOC_EMAIL_SENDING_LEASE_SECONDS)


def max_attempts() -> int:
    return settings.VOC_EMAIL_MAX_ATTEMPTS


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff with jitter after the n-th failed attempt, capped."""
    base = settings.VOC_EMAIL_RETRY_BASE_SECONDS
    delay = min(base * 2 ** max(attempts - 1, 0), settings.VOC_EMAIL_RETRY_MAX_SECONDS)
    return timedelta(seconds=delay * random.uniform(0.8, 1.2))  # noqa: S311 - jitter only


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


def _row_values(spec: EmailSpec) -> dict:
    """The stored row for a spec, rendered in the recipient's language (dedupe key aside)."""
    rendered = render_email(spec.template, spec.context, spec.language)
    headers = {}
    if spec.references:
        headers["In-Reply-To"] = spec.references[-1]
        headers["References"] = " ".join(spec.references)
    return {
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
    }


def outbound_email_queue(*, spec: EmailSpec) -> OutboundEmail:
    """Store the email in the caller's transaction; send it once that transaction commits.

    Queueing the same dedupe key again returns the stored row and sends nothing new.
    """
    email, created = OutboundEmail.objects.get_or_create(
        dedupe_key=spec.dedupe_key, defaults=_row_values(spec)
    )
    if created:
        transaction.on_commit(lambda: enqueue_send(email.pk))
    return email


# Rows per INSERT statement in outbound_email_queue_many (about 20 parameters a row; PostgreSQL
# allows 65,535 per statement).
QUEUE_MANY_CHUNK = 1000


def outbound_email_queue_many(*, specs: Sequence[EmailSpec]) -> int:
    """outbound_email_queue for many emails at once: same rows, same dedupe, same guarantees.

    Rows are written with `INSERT … ON CONFLICT (dedupe_key) DO NOTHING RETURNING id` (one
    statement per QUEUE_MANY_CHUNK specs) in the caller's transaction; a key already stored, or
    repeated within `specs` (the first one wins), adds nothing. Once the transaction commits, the
    new ids are published as ONE `outbound_email_send_many_task`. Returns how many rows are new.
    """
    unique: dict[str, EmailSpec] = {}
    for spec in specs:
        unique.setdefault(spec.dedupe_key, spec)
    new_ids: list[int] = []
    batch = list(unique.values())
    for start in range(0, len(batch), QUEUE_MANY_CHUNK):
        rows = [
            OutboundEmail(dedupe_key=spec.dedupe_key, **_row_values(spec))
            for spec in batch[start : start + QUEUE_MANY_CHUNK]
        ]
        new_ids.extend(_insert_new_rows(rows))
    if new_ids:
        transaction.on_commit(lambda: enqueue_send_many(new_ids))
    return len(new_ids)


def _insert_new_rows(rows: list[OutboundEmail]) -> list[int]:
    """INSERT the rows, skipping stored dedupe keys; the ids of the rows actually inserted.

    bulk_create(ignore_conflicts=True) cannot say which rows were new (no RETURNING with ON
    CONFLICT in Django), and its bare ON CONFLICT would also swallow a Message-ID clash, which the
    single path reports as an IntegrityError: hence this one statement.
    """
    meta = OutboundEmail._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    qn = connection.ops.quote_name
    row_sql = "(" + ", ".join(["%s"] * len(fields)) + ")"
    params = [
        f.get_db_prep_save(f.pre_save(row, add=True), connection) for row in rows for f in fields
    ]
    # Identifiers come from the model's _meta, every value is a parameter.
    sql = (
        f"INSERT INTO {qn(meta.db_table)} ({', '.join(qn(f.column) for f in fields)}) "  # noqa: S608
        f"VALUES {', '.join([row_sql] * len(rows))} "
        f"ON CONFLICT ({qn(meta.get_field('dedupe_key').column)}) DO NOTHING "
        f"RETURNING {qn(meta.pk.column)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def enqueue_send(email_id: int, *, eta: datetime | None = None) -> bool:
    """Hand the row to a worker; never raises and never blocks for long.

    If the broker is unreachable the row simply stays queued and the beat re-drive sends it later
    (CELERY_BROKER_TRANSPORT_OPTIONS bound the connection attempt).
    """
    from .tasks import outbound_email_send_task

    return _publish(outbound_email_send_task, [email_id], eta=eta, what=f"email {email_id}")


def enqueue_send_many(email_ids: list[int]) -> bool:
    """enqueue_send for many rows: one task message carrying all the ids."""
    from .tasks import outbound_email_send_many_task

    what = f"{len(email_ids)} emails (from {email_ids[0]})"
    return _publish(outbound_email_send_many_task, [list(email_ids)], eta=None, what=what)


def _publish(task, args: list, *, eta: datetime | None, what: str) -> bool:
    try:
        task.apply_async(args=args, eta=eta, retry=False)
    except Exception:  # the broker is down or unreachable: the outbox row is the truth
        logger.warning("broker unavailable; %s stay(s) queued for the re-drive", what)
        return False
    return True


def outbound_email_send_many(*, email_ids: Sequence[int], budget_seconds: float) -> list[int]:
    """Send rows one after the other, each exactly as outbound_email_send does (own claim).

    A transient provider error puts that row back with its backoff and it is re-enqueued on its
    own, as the single task does; an unexpected error for one row is logged and leaves that row
    to the re-drive. Neither stops the others. Stops starting new sends once `budget_seconds`
    have passed (a task must end well within its time limit) and returns the ids not tried.
    """
    deadline = time.monotonic() + budget_seconds
    for n, email_id in enumerate(email_ids):
        if n and time.monotonic() >= deadline:
            return list(email_ids[n:])
        try:
            outbound_email_send_and_reschedule(email_id=email_id)
        except Exception:
            logger.exception("email %s: send failed; left to the re-drive", email_id)
    return []


def outbound_email_send_and_reschedule(*, email_id: int) -> OutboundEmail | None:
    """outbound_email_send, then re-enqueue a row put back by a transient error for its backoff
    (if that publish fails too, the beat re-drive picks the row up)."""
    email = outbound_email_send(email_id=email_id)
    if email is not None and email.status == Status.QUEUED:
        enqueue_send(email.pk, eta=email.next_attempt_at)
    return email


def outbound_email_claim(*, email_id: int) -> OutboundEmail | None:
    """Take the row for sending. Only one worker can hold it: a conditional UPDATE decides."""
    now = timezone.now()
    claimable = Q(status=Status.QUEUED, next_attempt_at__lte=now) | Q(
        status=Status.SENDING, claimed_at__lt=now - sending_lease()
    )
    claimed = OutboundEmail.objects.filter(
        claimable, pk=email_id, attempts__lt=max_attempts()
    ).update(
        status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1, status_changed_at=now
    )
    if claimed != 1:
        return None
    return OutboundEmail.objects.get(pk=email_id)


def _build_message(email: OutboundEmail) -> EmailMultiAlternatives:
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
    return message


def _provider_id(message: EmailMultiAlternatives, to_email: str) -> str:
    status = getattr(message, "anymail_status", None)
    if status is None:
        return ""
    provider_id = status.message_id
    if isinstance(provider_id, set):  # one id per recipient: take ours
        recipient = status.recipients.get(to_email.lower()) or status.recipients.get(to_email)
        provider_id = recipient.message_id if recipient else next(iter(provider_id), "")
    return "" if provider_id is None else str(provider_id)[:250]


def is_transient_error(exc: Exception) -> bool:
    """Worth retrying: timeouts, connection errors, provider 5xx / 429. Not: bad requests."""
    if isinstance(exc, _PERMANENT_ERRORS):
        return False
    if isinstance(exc, AnymailAPIError):
        status_code = getattr(exc, "status_code", None)
        if status_code is None:
            status_code = getattr(getattr(exc, "response", None), "status_code", None)
        return status_code is None or status_code >= 500 or status_code in _TRANSIENT_STATUSES
    # Django's SMTP backend (docker-compose's mailpit, a relay): 5xx replies are permanent.
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return any(code < 500 for code, _ in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code < 500
    return True  # OSError, timeouts and anything unexpected: retry, within max_attempts


def outbound_email_send(*, email_id: int) -> OutboundEmail | None:
    """Send a queued row through the configured anymail backend and record the provider's id.

    Returns None when the row is not claimable (sent already, held by another worker, or waiting
    for its backoff); otherwise the row after the attempt: sent, queued again (transient error,
    `next_attempt_at` says when) or failed.
    """
    email = outbound_email_claim(email_id=email_id)
    if email is None:
        return None
    message = _build_message(email)
    try:
        message.send()
    except Exception as exc:
        transient = is_transient_error(exc)
        retry = transient and email.attempts < max_attempts()
        log = logger.warning if retry else logger.error
        log(
            "email %s attempt %s failed (%s): %s", email.pk, email.attempts, type(exc).__name__, exc
        )
        _release(email, error=f"{type(exc).__name__}: {exc}"[:2000], retry=retry)
        email.refresh_from_db()
        return email
    now = timezone.now()
    # A tracking webhook may have moved the row on already (delivered before we got here):
    # record the provider id and time either way, change the state only from "sending".
    OutboundEmail.objects.filter(pk=email.pk).update(
        status=Case(When(status=Status.SENDING, then=Value(Status.SENT)), default=F("status")),
        sent_at=now,
        status_changed_at=now,
        provider_message_id=_provider_id(message, email.to_email),
        last_error="",
    )
    email.refresh_from_db()
    return email


def _release(email: OutboundEmail, *, error: str, retry: bool) -> None:
    now = timezone.now()
    values = {"last_error": error, "claimed_at": None, "status_changed_at": now}
    if retry:
        values.update(status=Status.QUEUED, next_attempt_at=now + retry_delay(email.attempts))
    else:
        values.update(status=Status.FAILED)
    OutboundEmail.objects.filter(pk=email.pk, status=Status.SENDING).update(**values)


def outbound_email_redrive(*, limit: int = 500) -> int:
    """Re-enqueue rows left queued (the broker was down) or stuck sending (a worker died).

    Rows that ran out of attempts while stuck end in "failed". Returns how many were re-enqueued.
    """
    now = timezone.now()
    grace = timedelta(seconds=settings.VOC_EMAIL_REDRIVE_GRACE_SECONDS)
    stuck_sending = Q(status=Status.SENDING, claimed_at__lt=now - sending_lease())
    OutboundEmail.objects.filter(stuck_sending, attempts__gte=max_attempts()).update(
        status=Status.FAILED,
        claimed_at=None,
        status_changed_at=now,
        last_error="gave up: no confirmation after the last attempt",
    )
    due = Q(status=Status.QUEUED, next_attempt_at__lt=now - grace) | stuck_sending
    ids = list(
        OutboundEmail.objects.filter(due).order_by("pk").values_list("pk", flat=True)[:limit]
    )
    if ids:
        # Push queued rows' next look-in forward, so a slow worker is not sent the same row again
        # on every run of the sweep; claims keep any duplicate task harmless anyway.
        OutboundEmail.objects.filter(pk__in=ids, status=Status.QUEUED).update(next_attempt_at=now)
    for email_id in ids:
        enqueue_send(email_id)
    return len(ids)


def outbound_email_requeue(*, email_ids: list[int]) -> int:
    """Give failed rows a fresh set of attempts (after ops fixed the cause, e.g. an API key).

    Only "failed" rows move; each is sent once this transaction commits. Returns how many moved.
    """
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            OutboundEmail.objects.select_for_update()
            .filter(pk__in=email_ids, status=Status.FAILED)
            .values_list("pk", flat=True)
        )
        OutboundEmail.objects.filter(pk__in=ids).update(
            status=Status.QUEUED,
            attempts=0,
            next_attempt_at=now,
            claimed_at=None,
            status_changed_at=now,
        )
        for email_id in ids:
            transaction.on_commit(lambda email_id=email_id: enqueue_send(email_id))
    return len(ids)


# Tracking events from the provider (anymail's normalised event types), mapped onto our states.
_TRACKING_MAP = {
    "delivered": Status.DELIVERED,
    "bounced": Status.BOUNCED,
    "rejected": Status.BOUNCED,
    "failed": Status.FAILED,
}


def outbound_email_track(
    *, provider_message_id: str, event_type: str, description: str = ""
) -> int:
    """Apply a tracking webhook event. Returns the number of rows changed (0 or 1).

    The id may be the provider's id or our own Message-ID (providers report either). Unknown ids
    and uninteresting events (opened, deferred, …) change nothing. A bounce after "delivered"
    wins (a late bounce is the truth); "delivered" never overrides a bounce.
    """
    new_status = _TRACKING_MAP.get(event_type)
    if not new_status or not provider_message_id:
        return 0
    allowed_from = [Status.SENDING, Status.SENT]
    if new_status != Status.DELIVERED:
        allowed_from.append(Status.DELIVERED)
    values = {"status": new_status, "status_changed_at": timezone.now()}
    if new_status != Status.DELIVERED and description:
        values["last_error"] = description[:2000]
    return OutboundEmail.objects.filter(
        Q(provider_message_id=provider_message_id) | Q(message_id=provider_message_id),
        status__in=allowed_from,
    ).update(**values)
