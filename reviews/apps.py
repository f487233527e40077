from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Ratings and reviews")

    def ready(self) -> None:
        from voc_portal.savedviews.kinds import view_kind_register

        from .saved_views import REVIEW_VIEWS

        view_kind_register(REVIEW_VIEWS)
