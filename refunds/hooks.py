"""What refunds lets the apps above it react to, without importing them (see core.hooks)."""

from voc_portal.core.hooks import Hook

refund_approved = Hook(
    "refund_approved",
    """Ops approved a cancellation (sent inside the approval's transaction).

    Keyword arguments: `refund` (locked, already APPROVED) and `at` (the decision's time). A
    receiver that hands the cancellation to the store's billing returns True: the purchase then
    stays as it is until `refund_billing_confirmed`; when none does, it is cancelled at once.
    """,
)
