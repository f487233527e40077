from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "voc_portal.webhooks"
    label = "webhooks"
    verbose_name = _("Webhooks")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The domains declare hooks and never import webhooks; their events become deliveries.
        from inquiries import hooks as inquiry_hooks
        from refunds import hooks as refund_hooks
        from reviews import hooks as review_hooks

        from . import receivers, tasks  # noqa: F401  (tasks: registers the delivery tasks)

        inquiry_hooks.inquiry_created.connect(receivers.on_inquiry_created)
        inquiry_hooks.inquiry_due_soon.connect(receivers.on_inquiry_due_soon)
        inquiry_hooks.inquiry_escalated.connect(receivers.on_inquiry_escalated)
        inquiry_hooks.inquiry_answered.connect(receivers.on_inquiry_answered)
        review_hooks.review_created.connect(receivers.on_review_created)
        review_hooks.review_updated.connect(receivers.on_review_updated)
        refund_hooks.refund_state_changed.connect(receivers.on_refund_state_changed)
