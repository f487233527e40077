"""What the mail transport lets the apps above it react to, without importing them (core.hooks).

Receivers are connected in the reacting app's `AppConfig.ready()`.
"""

from voc_portal.core.hooks import Hook

inbound_email_received = Hook(
    "inbound_email_received",
    """A provider posted an inbound email whose signature checked out (or mail_receive read one).

    Keyword argument: `message` (an `anymail.inbound.AnymailInboundMessage`). A receiver returns
    None when the email is not addressed to it, an `inbound.InboundReceipt` when it stored it,
    or raises a DomainError to refuse it (nothing stored). Sent outside any transaction: the
    receiver owns its own.
    """,
)
