"""What inquiries lets the apps above it react to, without importing them (see core.hooks).

Receivers are connected in the reacting app's `AppConfig.ready()` and run inside the sender's
transaction: what they write commits or rolls back with the cause.
"""

from voc_portal.core.hooks import Hook

inquiry_escalated = Hook(
    "inquiry_escalated",
    """The 3-day rule escalated a batch of inquiries (sent inside each batch's transaction).

    Keyword arguments: `claimed` (list of dicts with id, clock, account_id, app_id, customer_id,
    purchase_id, subject, due_at), `now` (the sweep's time) and `sweep_id` (one per sweep).
    """,
)

inquiry_answered = Hook(
    "inquiry_answered",
    """A member answered an inquiry that was waiting for the developer.

    Keyword arguments: `inquiry` (locked, status already ANSWERED), `answered_at`, and `late`
    (True when the current clock had already been escalated).
    """,
)

inquiry_created = Hook(
    "inquiry_created",
    """A customer contacted the seller: a new inquiry (sent inside `inquiry_create`'s transaction).

    Keyword arguments: `inquiry` (saved, with app, customer and account loaded).
    """,
)

inquiry_due_soon = Hook(
    "inquiry_due_soon",
    """The reminder sweep found inquiries falling due (sent inside the sweep's transaction, once
    per reminder window; a receiver that wants one per clock dedupes on inquiry id and clock).

    Keyword arguments: `inquiries` (list, with app, customer and account loaded), `hours` (the
    window's label, "24" or "6") and `now`.
    """,
)
