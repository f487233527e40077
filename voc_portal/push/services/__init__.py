"""Push services: subscriptions and choices (`subscriptions`), queueing rows in the caller's
transaction (`queue`), sending and re-driving them (`send`). See docs/push.md."""

from .queue import PushNotice, push_notify, push_notify_many
from .send import (
    push_message_claim,
    push_message_redrive,
    push_message_send,
    push_message_send_and_reschedule,
    retry_delay,
)
from .subscriptions import (
    notification_settings_update,
    push_subscription_delete,
    push_subscription_save,
)

__all__ = [
    "PushNotice",
    "notification_settings_update",
    "push_message_claim",
    "push_message_redrive",
    "push_message_send",
    "push_message_send_and_reschedule",
    "push_notify",
    "push_notify_many",
    "push_subscription_delete",
    "push_subscription_save",
    "retry_delay",
]
