from django.apps import AppConfig


class StoreConfig(AppConfig):
    name = "voc_portal.store"
    label = "store"
    verbose_name = "Store integration"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The store's billing takes approved cancellations; refunds never imports the store.
        from refunds import hooks

        from . import tasks  # noqa: F401  (registers the billing tasks)
        from .services import billing

        hooks.refund_approved.connect(billing.billing_call_queue)
