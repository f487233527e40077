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

refund_state_changed = Hook(
    "refund_state_changed",
    """A refund request was filed or changed state (sent inside the transition's transaction,
    right after its event row).

    Keyword arguments: `refund` (locked, in its new state) and `event` (the RefundEvent, with
    from_state / to_state; from_state == to_state for the filing).
    """,
)
