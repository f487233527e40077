from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InquiriesConfig(AppConfig):
    name = "inquiries"
    verbose_name = _("Inquiries")

    def ready(self) -> None:
        from voc_portal.mail.hooks import inbound_email_received
        from voc_portal.savedviews.kinds import view_kind_register

        from .inbound import inbound_email_route
        from .saved_views import INBOX_VIEWS

        # Reply by email: the mail transport hands every inbound email to the inquiries flow.
        inbound_email_received.connect(inbound_email_route)
        view_kind_register(INBOX_VIEWS)
