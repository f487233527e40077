from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "voc_portal.core"
    label = "core"
    verbose_name = "Core"
