from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PushConfig(AppConfig):
    name = "voc_portal.push"
    label = "push"
    verbose_name = _("Push notifications")

    def ready(self) -> None:
        # Registers the push tasks, which dispatch.py looks up by name.
        from . import tasks  # noqa: F401
