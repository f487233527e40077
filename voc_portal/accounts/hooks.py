"""What accounts lets the apps above it react to, without importing them (see core.hooks)."""

from voc_portal.core.hooks import Hook

account_email_requested = Hook(
    "account_email_requested",
    """accounts needs an email sent to a user (the password reset link).

    Keyword arguments: `kind`, `template` (templates/emails/<template>_…), `to_email`, `user_id`,
    `language` (the recipient's), `dedupe_key` and `context`. voc_portal.mail connects the one
    receiver, which writes an outbox row in the caller's transaction.
    """,
)
