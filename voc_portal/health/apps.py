from django.apps import AppConfig


class HealthConfig(AppConfig):
    name = "voc_portal.health"
    label = "health"
    verbose_name = "Health and metrics"

    def ready(self) -> None:
        # The worker loads Django's apps too: this is where it learns to time the sweeps.
        from . import sweeps

        sweeps.connect()
