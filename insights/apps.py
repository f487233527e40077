from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    """Cross-app figures: the one place allowed to read every domain (API summary, apps list)."""

    name = "insights"
    verbose_name = _("Insights")
