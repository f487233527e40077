from django.apps import AppConfig


class StoreConfig(AppConfig):
    name = "voc_portal.store"
    label = "store"
    verbose_name = "Store integration"
    default_auto_field = "django.db.models.BigAutoField"
