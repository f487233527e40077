from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "voc_portal.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from .ops import _post_migrate

        # Not domain flow: keeps the ops staff's admin permissions in step with the models.
        post_migrate.connect(_post_migrate, dispatch_uid="accounts-ops-group")

        from django.contrib.auth.signals import user_logged_in

        from .two_factor import two_factor_mark_pending

        # Every way in (our sign-in page, the admin's, a test's force_login) asks for the code.
        user_logged_in.connect(two_factor_mark_pending, dispatch_uid="accounts-two-factor")
