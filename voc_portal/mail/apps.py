from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailConfig(AppConfig):
    name = "voc_portal.mail"
    label = "mail"
    verbose_name = _("Email")

    def ready(self) -> None:
        from anymail.signals import tracking

        from voc_portal.accounts.hooks import account_email_requested

        # Registers the outbox tasks, which dispatch.py looks up by name.
        from . import tasks  # noqa: F401
        from .account_mail import on_account_email_requested
        from .signals import tracking_event_apply

        tracking.connect(tracking_event_apply, dispatch_uid="voc_mail_tracking")
        # Password-reset mail goes through the outbox too, in the recipient's language.
        account_email_requested.connect(on_account_email_requested)
