"""Every write to inquiries: creating, follow-ups, replies, notes, close/reopen, templates.

Each service runs in one transaction, locks the inquiry row for changes, writes InquiryEvent rows,
keeps `search_text` and `last_message_at` up to date and queues emails in the outbox (sent after
commit). The 3-day clock (PRODUCT.md rule 1) lives here:

* a customer message that no developer reply follows starts a clock (awaiting, due = + deadline);
* a further customer message while awaiting keeps the running clock (due_at does not move);
* a developer reply (web, API or email) stops it; an internal note never touches it;
* a customer message after an answer or a close starts a new clock (clock + 1, not escalated).

Reopen by a developer (decision): the inquiry goes back to the state rule 1 gives it. If a
developer reply follows the last customer message it is `answered` (nothing awaits the developer);
otherwise it awaits the developer on a new clock starting at the reopen.

One module per concern: `validation` (the rules web, API and email share), `messages` (creating,
follow-ups, replies, notes), `transitions` (close, reopen), `templates` (saved replies); `shared`
holds what they all do (lock, event row, clock start, member check).
"""

from .assignment import inquiry_assign, inquiry_round_robin_assign
from .bulk import INQUIRY_BULK_ACTIONS, inquiry_bulk_apply
from .messages import (
    inquiry_create,
    inquiry_customer_followup,
    inquiry_note_add,
    inquiry_reply,
    inquiry_system_message_add,
)
from .templates import reply_template_delete, reply_template_render, reply_template_save
from .transitions import inquiry_close, inquiry_reopen
from .validation import BODY_MAX, SUBJECT_MAX, body_clean, subject_clean
from .versions import inquiry_etag, thread_version, thread_version_of, version_from_etag

__all__ = [
    "BODY_MAX",
    "INQUIRY_BULK_ACTIONS",
    "SUBJECT_MAX",
    "body_clean",
    "inquiry_assign",
    "inquiry_bulk_apply",
    "inquiry_close",
    "inquiry_create",
    "inquiry_customer_followup",
    "inquiry_etag",
    "inquiry_note_add",
    "inquiry_reopen",
    "inquiry_reply",
    "inquiry_round_robin_assign",
    "inquiry_system_message_add",
    "reply_template_delete",
    "reply_template_render",
    "reply_template_save",
    "subject_clean",
    "thread_version",
    "thread_version_of",
    "version_from_etag",
]
