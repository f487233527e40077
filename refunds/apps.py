from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RefundsConfig(AppConfig):
    name = "refunds"
    verbose_name = _("Refunds")

    def ready(self) -> None:
        # Refunds reacts to the 3-day rule; inquiries never imports refunds.
        from inquiries import hooks

        from . import escalation

        hooks.inquiry_escalated.connect(escalation.on_inquiry_escalated)
        hooks.inquiry_answered.connect(escalation.on_inquiry_answered)
