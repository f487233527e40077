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
* a send without a known outcome (timeout, reset, a worker that died, a mark-sent that failed)
  leaves the row in doubt (`in_doubt_since`); before any resend the provider is asked whether
  that Message-ID was accepted (`reconcile`, voc_portal.mail.providers), and the row is resent,
  with the same Message-ID, only if it was not. The window left is in docs/email.md.

A row may be queued unrendered (`EmailSpec.deferred`: template + JSON-safe context) and is then
rendered by the sender on its first claim (`outbound_email_render_stored`), before anything
reaches the provider.

One module per step: `compose` (what a row says), `queue` (writing rows), `send` (claiming and
sending one), `retry` (which failures are worth another attempt, and when), `redrive` (rows left
behind), `track` (the provider's delivery events). Handing rows to workers is `..dispatch`.
"""

from ..context import context_dump, context_load
from .compose import (
    EmailSpec,
    RenderedEmail,
    customer_name,
    make_message_id,
    render_email,
    stored_render,
)
from .queue import (
    QUEUE_MANY_CHUNK,
    outbound_email_group_told,
    outbound_email_group_withdraw,
    outbound_email_queue,
    outbound_email_queue_latest,
    outbound_email_queue_many,
)
from .redrive import outbound_email_redrive, outbound_email_requeue
from .retry import is_ambiguous_error, is_transient_error, max_attempts, retry_delay, sending_lease
from .send import (
    outbound_email_claim,
    outbound_email_render_stored,
    outbound_email_send,
    outbound_email_send_and_reschedule,
    outbound_email_send_many,
)
from .track import outbound_email_track

__all__ = [
    "QUEUE_MANY_CHUNK",
    "EmailSpec",
    "RenderedEmail",
    "context_dump",
    "context_load",
    "customer_name",
    "is_ambiguous_error",
    "is_transient_error",
    "make_message_id",
    "max_attempts",
    "outbound_email_claim",
    "outbound_email_group_told",
    "outbound_email_group_withdraw",
    "outbound_email_queue",
    "outbound_email_queue_latest",
    "outbound_email_queue_many",
    "outbound_email_redrive",
    "outbound_email_render_stored",
    "outbound_email_requeue",
    "outbound_email_send",
    "outbound_email_send_and_reschedule",
    "outbound_email_send_many",
    "outbound_email_track",
    "render_email",
    "retry_delay",
    "sending_lease",
    "stored_render",
]
